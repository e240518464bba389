"""Every public read of galleries and photos: one reader per concept, called by the pages,
the JSON API, the feed and the sitemap alike.

- galleries: gallery cards (an edition's, a talk's, the photo archive, the API's list, the
  feed) and the one gallery a gallery page or the API shows;
- photos: a gallery's photos and the photo blocks of talk and speaker pages;
- photo_page: a photo page's photo, with its talk, speakers and place in the gallery;
- sitemap: the addresses of the gallery and photo pages with their last change.

What is public is decided by photos.visibility (SQL) and the models' published() methods.
"""
