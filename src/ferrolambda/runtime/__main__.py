"""`python -m ferrolambda.runtime [module.handler]`: the custom runtime entrypoint."""

import sys

from ._loop import main

sys.exit(main())
