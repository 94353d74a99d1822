"""Adapters between ferrolambda's containers and other libraries'; each is imported only when used."""
