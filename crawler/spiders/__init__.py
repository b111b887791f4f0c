"""Spiders: one per site."""
