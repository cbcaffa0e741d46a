"""Each person's start page: the work waiting for the roles they hold."""
