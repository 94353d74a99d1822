"""The implementation of `ferrolambda.testing`: event factories (`events`) and the invoke
helper with test contexts (`invoke`)."""
