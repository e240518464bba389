"""Every public read of talks, speakers, companies and projects: one reader per concept,
called by the pages, the JSON API, the exports, the feeds, the sitemaps and the SEO data.

- rows: talks with their edition and credits in one statement (the base of every list);
- lists: an edition's, a speaker's, a company's and a project's talks, the highlights;
- talk_page: a talk page's talk, its neighbours and its speakers' other talks;
- detail: the speaker, company or project a page is about;
- indexes: the speaker, company and project indexes with talk counts;
- schedule: an edition's talks by day and slot, and its filters;
- sitemap: the public pages' addresses and last changes;
- visibility: what is public, as SQL fragments (the twins of the models' published()),
  which the readers, search and suggestions compose.
"""
