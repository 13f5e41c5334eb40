{
  "targets": [
    {
      "target_name": "udp_batch",
      "sources": ["src/transport/native/udp_batch.c", "src/transport/native/udp_pacer.c"],
      "libraries": ["-lpthread"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [["OS!='linux'", {"type": "none"}]]
    }
  ]
}
