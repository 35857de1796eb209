"""The entry layer: the ``patentnav`` command line, its settings and output formats."""
