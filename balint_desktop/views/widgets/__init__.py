"""Custom and promoted widgets."""
