"""Limits of what members write in discussions."""
MAX_TITLE_LENGTH = 200
MAX_POST_LENGTH = 5000
MAX_REPORT_REASON_LENGTH = 1000
MAX_CLUSTER_NAME_LENGTH = 160            # the column's size
MAX_CLUSTER_DESCRIPTION_LENGTH = 2000
# How fast one account may post (POST_RATE_LIMIT) and how many reports hide a post until the
# secretariat reviews it (REPORTS_TO_HIDE) are set per deployment in portal/config.py.
DEFAULT_REPORTS_TO_HIDE = 3
# Only reports from accounts at least this old (with a confirmed address) count toward hiding.
DEFAULT_REPORTER_MIN_ACCOUNT_DAYS = 7
MAX_EXCHANGE_DAYS = 366  # a proposed period lasts at most a year
