"""The analyses: landscape, early warnings, layout planning, targets, key patents and operations for a scope."""
