from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.search, name="search"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("topics/", views.topics, name="topics"),
    path("topics/<str:code>/", views.topic, name="topic"),
    path("feeds/latest/", feeds.LatestFeed(), name="feed-latest"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
    path("help/", views.help_page, name="help"),
]
