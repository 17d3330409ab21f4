"""The append-only history of what people (and the portal) did: one model, one function
that writes it (services.audit_record), and the helpers that turn two snapshots of a
record into a "… changed" entry (changes.py). Every app records here; this app imports
none of them (its records point at calls, applications and organisations by name)."""
