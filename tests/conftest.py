"""Suite-wide setup: this directory is on `sys.path`, so every test can import its helpers
(`fresh_python`, `callables`) whichever directory it lives in."""
