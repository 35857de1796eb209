"""What every refused file's message must be: one line, no traceback, no path of the machine that read it.

>>> import pytest
>>> with pytest.raises(ValueError) as info:
...     raise ValueError("the file is empty")
>>> one_line(info, "/nowhere")
'the file is empty'
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

__all__ = ["one_line"]


def one_line(exc: pytest.ExceptionInfo[Exception], tmp_path: Path | str) -> str:
    """The message of the raised ``exc``, checked to be one line that names neither ``tmp_path`` nor the
    temporary folder."""
    message = str(exc.value)
    assert "\n" not in message and "Traceback" not in message, message
    assert str(tmp_path) not in message and tempfile.gettempdir() not in message, message
    return message
