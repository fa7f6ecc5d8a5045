"""The organisation pages: the unit tree and a unit's page (`units`), reorganising a unit and undoing it
(`reorganise`)."""
