"""Names of the staff groups created by migration conference.0002_groups."""

ORGANISERS = "Organisers"
PHOTOGRAPHERS = "Photographers"
