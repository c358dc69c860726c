"""Preloaded by the race pool's fork server only: the server and the workers it forks write nothing to the
terminal the app draws on.

A worker that fails while starting (for instance when the app quits before the worker has unpickled its
queue) would otherwise print a traceback over the learner's shell. Workers report their errors through the
result queue, so nothing a learner needs is lost.
"""

import os

_devnull = os.open(os.devnull, os.O_WRONLY)
os.dup2(_devnull, 2)
os.close(_devnull)
