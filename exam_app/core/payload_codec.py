"""JSON encoding of the frozen model dataclasses, and the strict decoder for decrypted pack payloads.

Decoding is driven by the dataclasses' type hints, so a new model field is covered without new code, and it is
strict because the payload crosses a trust boundary: every key required, none extra, no bool for a number,
no NaN, canonical base64 for bytes.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal

from exam_app.core.encoding import EncodingError, b64decode_canonical
from exam_app.core.errors import PackFormatError

DependentHint = Callable[[type, str, Mapping[str, object]], Any]


def encode(value: object) -> object:
    """Dataclasses to dicts, tuples to lists, bytes to base64 text; scalars as they are."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if isinstance(value, Mapping):
        return {key: encode(item) for key, item in value.items()}
    return value


@functools.cache
def _field_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _invalid(path: str, problem: str) -> PackFormatError:
    return PackFormatError(f"pack payload: {path}: {problem}")


def decode_dataclass(cls: type, value: object, path: str, *, dependent_hint: DependentHint) -> object:
    """Decode a JSON object into `cls`, driven by its type hints; every key is required, none may be extra.

    `dependent_hint(cls, field, decoded_so_far)` may supply the hint of a field whose type depends on fields
    decoded before it; it returns None to use the declared hint.
    """
    if not isinstance(value, Mapping):
        raise _invalid(path, f"expected an object, got {type(value).__name__}")
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(value) - set(names))
    missing = [name for name in names if name not in value]
    if unknown:
        raise _invalid(path, f"unknown key(s): {', '.join(map(str, unknown))}")
    if missing:
        raise _invalid(path, f"missing key(s): {', '.join(missing)}")
    hints = _field_hints(cls)
    decoded: dict[str, object] = {}
    for name in names:
        hint = dependent_hint(cls, name, decoded) or hints[name]
        decoded[name] = _decode(hint, value[name], f"{path}.{name}", dependent_hint)
    return cls(**decoded)


def _decode(hint: Any, value: object, path: str, dependent_hint: DependentHint) -> object:
    """Decode one JSON value against a type hint of the model."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        allowed = typing.get_args(hint)
        if value not in allowed:
            raise _invalid(path, f"expected one of {', '.join(allowed)}, got {value!r}")
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
        return _decode(inner, value, path, dependent_hint)
    if origin is tuple:
        if not isinstance(value, list):
            raise _invalid(path, f"expected a list, got {type(value).__name__}")
        item_hint = typing.get_args(hint)[0]
        return tuple(
            _decode(item_hint, item, f"{path}[{index}]", dependent_hint) for index, item in enumerate(value)
        )
    if origin is Mapping:
        if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
            raise _invalid(path, "expected an object with text keys")
        value_hint = typing.get_args(hint)[1]
        return {
            key: _decode(value_hint, item, f"{path}.{key}", dependent_hint) for key, item in value.items()
        }
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return decode_dataclass(hint, value, path, dependent_hint=dependent_hint)
    return _decode_scalar(hint, value, path)


def _decode_scalar(hint: type, value: object, path: str) -> object:
    """Decode text, booleans, integers, finite numbers and base64 bytes; bool never passes for a number."""
    if hint is bool and isinstance(value, bool):
        return value
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise _invalid(path, "expected a finite number")
        return float(value)
    if hint is str and isinstance(value, str):
        return value
    if hint is bytes and isinstance(value, str):
        try:
            return b64decode_canonical(value, what=path)
        except EncodingError:
            raise _invalid(path, "expected canonical base64 text") from None
    if hint not in (bool, int, float, str, bytes):
        raise TypeError(f"model type {hint!r} at {path} has no payload decoding")
    raise _invalid(path, f"expected {hint.__name__}, got {type(value).__name__}")
