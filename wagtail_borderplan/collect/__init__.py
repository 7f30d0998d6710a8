"""Collecting news: press agencies' feeds and pasted HTML into sanitised draft articles."""
