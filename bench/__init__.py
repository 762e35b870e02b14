"""The benchmark harness: `hearth bench --scale demo|county|national-sample`."""
