### The subscribers' side: addresses, the database, CSV lists, SMTP, serve.

## Subscriber lists (CSV)

csv-unspoken-lang = the language "{ $lang }" is not one of the workspace's languages ({ $spoken }); add it to [site] languages in rundbrief.toml or correct the row
