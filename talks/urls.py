from django.urls import path
from django.views.decorators.http import require_safe

from talks import (
    export_views,
    feeds,
    search_views,
    slides_views,
    star_views,
    timetable_views,
    topic_views,
    views,
)

app_name = "talks"

urlpatterns = [
    path("search/", search_views.search, name="search"),
    path("opensearch.xml", search_views.opensearch, name="opensearch"),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker-detail"),
    path("companies/", views.CompanyListView.as_view(), name="company-list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("topics/", topic_views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", topic_views.TopicDetailView.as_view(), name="topic-detail"),
    path(
        "<slug:edition_slug>/talks/<slug:slug>/",
        views.TalkDetailView.as_view(),
        name="talk-detail",
    ),
    # An edition's timetable, a page per day (talks/timetable_views.py).
    path("<slug:edition_slug>/timetable/", timetable_views.timetable, name="timetable"),
    path(
        "<slug:edition_slug>/timetable/<slug:day>/",
        timetable_views.timetable,
        name="timetable-day",
    ),
    # A visitor's starred talks (talks/star_views.py): "editions" is a reserved edition
    # slug, and "talks.json" cannot be one (a slug has no dot).
    path("editions/my-talks/", star_views.my_talks, name="my-talks"),
    path("talks.json", star_views.starred_json, name="starred-json"),
    path("talks.ics", star_views.starred_ics, name="starred-ics"),
    # Exports (talks/export_views.py) and Atom feeds (talks/feeds.py); "feeds" is a
    # reserved edition slug, so /feeds/... never shadows an edition.
    path(
        "<slug:edition_slug>/talks/<slug:slug>/talk.ics",
        export_views.talk_ics,
        name="talk-ics",
    ),
    # The slides the archive kept, as a download (talks/slides_views.py).
    path(
        "<slug:edition_slug>/talks/<slug:slug>/slides.pdf",
        slides_views.slides_pdf,
        name="talk-slides-pdf",
    ),
    path("<slug:edition_slug>/schedule.xml", export_views.schedule_xml, name="schedule-xml"),
    path("<slug:edition_slug>/schedule.json", export_views.schedule_json, name="schedule-json"),
    path("<slug:edition_slug>/schedule.ics", export_views.schedule_ics, name="schedule-ics"),
    path("feeds/talks/", require_safe(feeds.TalkFeed()), name="feed-talks"),
    path("feeds/editions/<slug:slug>/", require_safe(feeds.EditionTalkFeed()), name="feed-edition"),
    path("feeds/speakers/<slug:slug>/", require_safe(feeds.SpeakerTalkFeed()), name="feed-speaker"),
    path("feeds/projects/<slug:slug>/", require_safe(feeds.ProjectTalkFeed()), name="feed-project"),
    path("feeds/topics/<slug:slug>/", require_safe(feeds.TopicTalkFeed()), name="feed-topic"),
    path("feeds/galleries/", require_safe(feeds.GalleryFeed()), name="feed-galleries"),
]
