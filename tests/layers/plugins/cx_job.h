/* cx_job: a header of the layering test's fake tree (tests/layers.cmake). */
