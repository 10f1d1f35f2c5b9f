"""A request handler whose cache never evicts: every call adds an entry that is never read again."""
from collections import OrderedDict

_CACHE = {}


class Response:
    def __init__(self, key, body):
        self.key = key
        self.body = body


def render(n):
    return "<p>" + "x" * 2000 + str(n) + "</p>"


def handle_request(counter=[0]):
    counter[0] += 1
    key = "request-%d" % counter[0]
    _CACHE[key] = Response(key, render(counter[0]))  # LEAK: cache without eviction
    return len(_CACHE)


_RECENT = OrderedDict()


def handle_request_bounded(counter=[0]):
    """The fix: the same cache, bounded to the 100 most recent entries."""
    counter[0] += 1
    key = "request-%d" % counter[0]
    _RECENT[key] = Response(key, render(counter[0]))
    if len(_RECENT) > 100:
        _RECENT.popitem(last=False)
    return len(_RECENT)


if __name__ == "__main__":
    for _ in range(1000):
        handle_request()
    print(len(_CACHE), "cached responses")
