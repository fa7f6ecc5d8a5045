"""Pages of this app (thin: parse, call a selector or service, render)."""
