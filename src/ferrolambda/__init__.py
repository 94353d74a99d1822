"""ferrolambda."""
