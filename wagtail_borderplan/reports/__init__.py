"""Reports of what was done against each content line of a plan."""
