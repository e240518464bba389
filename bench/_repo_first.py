"""Imported first by every bench script run as `python bench/NAME.py`: `import _repo_first`.

Run so, bench/ leads sys.path, where bench/http.py (the name issue 8 gives it) shadows the
standard library's http package, which urllib and Django import. This puts the repository
first instead and takes bench/ off the path (the module itself is already found).
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [
    entry for entry in sys.path if Path(entry or ".").resolve() != REPO / "bench"
]
