"""The company profile: model, loading with line numbers, cross-field checks."""
