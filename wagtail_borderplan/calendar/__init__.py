"""The editorial calendar: month, week and list views, moves, ICS feeds."""
