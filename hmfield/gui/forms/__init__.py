"""Generated UI modules (do not edit)."""
