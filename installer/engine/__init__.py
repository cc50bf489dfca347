"""Installing and operating the pack: migrations, preflight checks, the SQL tree, throwaway servers, bulk jobs."""
