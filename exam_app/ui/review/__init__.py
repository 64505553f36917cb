"""The reviewer workspace: candidate list, grading, integrity timeline and import, on the review store."""
