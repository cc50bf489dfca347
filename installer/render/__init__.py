"""Output for people: the HTML report, charts, check tables, the inventory, the reference page."""
