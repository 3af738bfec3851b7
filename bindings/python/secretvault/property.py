"""JSON property extraction with the grammar of the External Secrets
Operator, as the C library's ``sv_value_property`` implements it:

* a top-level key equal to the whole path wins (keys may hold dots);
* otherwise the path is split at ``.``; ``\\.`` is a literal dot (``\\x``
  is ``x``); on an array a number indexes it and ``#`` (last part only)
  gives its length;
* strings come back as their text; numbers exactly as written, booleans
  and null as their JSON text; objects and arrays as compact JSON (white
  space outside strings removed, numbers as written).

:func:`get_property` works on a string in Python; ``client.
get_secret_property()`` does the same inside the C library.  The one
difference: this parser is strict RFC 8259 JSON (Python's ``json``), so a
few malformed documents that the C scanner tolerates may be refused here.
"""

import json
from .exceptions import make_client_error

__all__ = ["get_property"]

_OP = "GetSecretProperty"
_DEPTH_MAX = 64
_SEG_MAX = 64


class _Obj(list):
    """A JSON object as its (key, value) pairs: duplicates kept, first wins."""

    def get(self, key):
        for k, v in self:
            if k == key:
                return v
        return None


def _invalid(message):
    return make_client_error("InvalidParameterException", message, _OP)


def _depth_ok(data):
    depth = 0
    in_string = False
    i = 0
    n = len(data)
    while i < n:
        c = data[i]
        if in_string:
            if c == 0x5C:  # backslash
                i += 1
            elif c == 0x22:
                in_string = False
        elif c == 0x22:
            in_string = True
        elif c in (0x5B, 0x7B):
            depth += 1
            if depth > _DEPTH_MAX:
                return False
        elif c in (0x5D, 0x7D):
            depth -= 1
        i += 1
    return True


def _reject_constant(name):
    raise ValueError("not JSON: %s" % name)


def _parse(data):
    if not _depth_ok(data):
        raise _invalid("the secret string nests deeper than %d levels" % _DEPTH_MAX)
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_Obj,
                          parse_int=_Num, parse_float=_Num,
                          parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError):
        raise _invalid("the secret string is not a JSON document") from None


class _Num(str):
    """A JSON number kept as the text it was written with, so that the
    value comes back exactly as stored (no float round trip)."""


def _render(item):
    if item is None:
        return "null"
    if item is True:
        return "true"
    if item is False:
        return "false"
    if isinstance(item, _Num):
        return str.__str__(item)
    if isinstance(item, str):
        return json.dumps(item, ensure_ascii=False)
    if isinstance(item, _Obj):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _render(v)
                              for k, v in item) + "}"
    return "[" + ",".join(_render(v) for v in item) + "]"


def _split(path):
    segs = [""]
    i = 0
    while i < len(path):
        c = path[i]
        if c == "\\":
            if i + 1 == len(path):
                raise _invalid('malformed property path "%s": it ends with a '
                               'backslash' % path)
            i += 1
            segs[-1] += path[i]
        elif c == ".":
            if len(segs) == _SEG_MAX:
                raise _invalid('malformed property path "%s": more than %d '
                               'parts' % (path, _SEG_MAX))
            segs.append("")
        else:
            segs[-1] += c
        i += 1
    if any(not s for s in segs):
        raise _invalid('malformed property path "%s": an empty part' % path)
    return segs


def _index(seg):
    if not seg or (seg[0] == "0" and len(seg) > 1):
        return None
    v = 0
    for ch in seg:
        if not "0" <= ch <= "9" or v > 100000000:
            return None
        v = v * 10 + ord(ch) - 48
    return v


def get_property(value, path, secret_name=None):
    """Extract @path from the JSON text @value (str, or bytes as UTF-8).

    Returns a ``str``.  Raises ``ResourceNotFoundException`` when the
    property does not exist and ``InvalidParameterException`` for a
    malformed path or a value that is not JSON (the classes and messages
    of ``client.get_secret_property``).
    """
    if not isinstance(path, str):
        raise TypeError("path must be a str")
    where = "secret %s" % secret_name if secret_name else "the secret"
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise _invalid("the value of %s is binary, not a JSON document"
                           % (secret_name or "the secret")) from None
    else:
        raise TypeError("value must be str or bytes")
    if not path or len(path.encode("utf-8")) > 4096:
        raise _invalid("a property path is 1 to 4096 characters")
    root = _parse(data)
    item = root.get(path) if isinstance(root, _Obj) else None
    if item is None and not (isinstance(root, _Obj) and
                             any(k == path for k, _ in root)):
        cur = root
        segs = _split(path)
        for i, seg in enumerate(segs):
            found = False
            if isinstance(cur, _Obj):
                for k, v in cur:
                    if k == seg:
                        cur, found = v, True
                        break
            elif isinstance(cur, list) and seg == "#":
                if i + 1 != len(segs):
                    raise _invalid("malformed property path \"%s\": '#' must "
                                   "be its last part" % path)
                return "%d" % len(cur)
            elif isinstance(cur, list) and _index(seg) is not None:
                idx = _index(seg)
                if idx < len(cur):
                    cur, found = cur[idx], True
            if not found:
                raise make_client_error(
                    "ResourceNotFoundException",
                    "the property %s does not exist in %s" % (path, where), _OP)
        item = cur
    if isinstance(item, str) and not isinstance(item, _Num):
        return item
    return _render(item)
