"""One router per resource; ``patentnav.api.main.ROUTERS`` lists them."""
