"""Shared FastAPI dependencies: the store and the settings of the running app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from patentnav.graph.store import PatentStore
from patentnav.settings import Settings

__all__ = ["SettingsDep", "StoreDep", "get_settings", "get_store"]


def get_store(request: Request) -> PatentStore:
    """The store opened when the app started."""
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return request.app.state.settings


StoreDep = Annotated[PatentStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
