#!/usr/bin/env python3
"""Writes a valid axumgen spec with N endpoints, spread over routers of 50, with the Task
Manager's middleware stack. Usage: make_spec.py N > spec.yaml"""
import sys

n = int(sys.argv[1])
print("""axumgen: 1
service: { name: bench-%d, version: 0.1.0, description: Benchmark spec with %d endpoints }
middleware:
  - trusted_host: { allowed_hosts: [localhost, 127.0.0.1] }
  - cors:
      allow_origins: [https://datatweets.com, http://localhost:3000]
      allow_credentials: true
      allow_methods: ["*"]
      allow_headers: [Authorization, Content-Type]
      expose_headers: [X-Process-Time]
  - timing: { header: X-Process-Time }
  - gzip: { minimum_size: 1000 }
  - set_headers: { X-Handled-By: datatweets }
routers:""" % (n, n))
per_router = 50
for r in range((n + per_router - 1) // per_router):
    print(f"  - name: group{r}\n    prefix: /group{r}\n    tags: [group{r}]\n    endpoints:")
    for e in range(r * per_router, min(n, (r + 1) * per_router)):
        if e % 2 == 0:
            print(f"      - {{ name: list_{e}, method: GET, path: /items{e}, response: {{ body: [ {{ id: 1, name: item {e} }} ] }} }}")
        else:
            print(f"      - {{ name: get_{e}, method: GET, path: \"/items{e}/{{item_id}}\", params: {{ item_id: u64 }}, response: {{ body: {{ id: 1 }} }} }}")
