"""Readers and writers: everything that knows about files."""
