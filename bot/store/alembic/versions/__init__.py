"""The schema's revisions, one file each, named by the legacy version they match."""
