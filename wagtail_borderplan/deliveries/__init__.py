"""Deliveries on the channels this install does not publish to: the carrying units' page, confirming in the admin, and their links."""
