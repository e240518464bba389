from django.urls import path

from talks import search_views, views

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
    path(
        "<slug:edition_slug>/talks/<slug:slug>/",
        views.TalkDetailView.as_view(),
        name="talk-detail",
    ),
]
