"""Teams: protocol (auth, connector, webhook, notifications) and product (bot, cards, linking)."""
