"""One file per schema revision of the review store. A revision that shipped is never edited."""
