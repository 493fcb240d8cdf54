"""The analysis notebooks: running them, and what their charts share."""
