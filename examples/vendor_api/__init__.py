"""A vendor API shaped differently from the contract, and the driver that speaks it.

``adapter_app`` plays the vendor: it serves ``/api/v2/...`` with camelCase fields and its
own error codes, translating to a contract-conforming service behind it. ``driver`` holds
``VendorApiDriver``, an independent implementation of ``AccountServiceDriver`` for that API.
"""
