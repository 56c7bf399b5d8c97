"""Python helper for host backends: sign `/sdk/v1` requests and mint session tokens.

A host app's backend holds the SDK key and secret; its browser pages never do. With
this module a Python backend needs three lines:

    from miniport.host import HostClient
    host = HostClient("https://miniport.example.com", key=SDK_KEY, secret=SDK_SECRET)
    token = host.session_token(user_id="u-42", user={"city": "上海"}, device={"os": "android"})

The browser SDK (`/runtime/sdk.js`) then uses `token` through `tokenProvider`. The
wire protocol is documented in `docs/host-protocol.md` for hosts in other languages.
"""

from miniport.host.client import HostClient, HostError, SessionToken

__all__ = ["HostClient", "HostError", "SessionToken"]
