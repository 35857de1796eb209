"""``python -m patentnav`` runs the CLI."""

from patentnav.cli import main

main()
