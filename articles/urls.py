from django.urls import path, re_path

from articles import access, alerts_views, api, exports, feeds, opensearch, views

app_name = "articles"

urlpatterns = [
    path("", views.search, name="search"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country, name="country"),
    path("topics/", views.topics, name="topics"),
    path("topics/<str:code>/", views.topic, name="topic"),
    # Feeds: RSS and an Atom twin for the newest articles, any search, each country and each topic.
    path("feeds/latest/", feeds.conditional(feeds.LatestFeed()), name="feed-latest"),
    path("feeds/latest/atom/", feeds.conditional(feeds.LatestAtomFeed()), name="feed-latest-atom"),
    path("feeds/search/", feeds.conditional(feeds.SearchFeed()), name="feed-search"),
    path("feeds/search/atom/", feeds.conditional(feeds.SearchAtomFeed()), name="feed-search-atom"),
    path("feeds/countries/<str:code>/", feeds.conditional(feeds.CountryFeed()), name="feed-country"),
    path("feeds/countries/<str:code>/atom/", feeds.conditional(feeds.CountryAtomFeed()), name="feed-country-atom"),
    path("feeds/topics/<str:code>/", feeds.conditional(feeds.TopicFeed()), name="feed-topic"),
    path("feeds/topics/<str:code>/atom/", feeds.conditional(feeds.TopicAtomFeed()), name="feed-topic-atom"),
    # The JSON API; anything else under api/ is a JSON 404.
    path("api/search/", api.search, name="api-search"),
    path("api/articles/<int:pk>/", api.article, name="api-article"),
    path("api/openapi.json", api.openapi, name="api-openapi"),
    path("api/docs/", api.docs, name="api-docs"),
    re_path(r"^api/(?P<rest>.*)$", api.not_found, name="api-not-found"),
    path("export/search.csv", exports.search_csv, name="export-csv"),
    path("export/search.jsonl", exports.search_jsonl, name="export-jsonl"),
    path("account/", access.account, name="account"),
    # Saved searches (issue 15): managed on /account/; the private feeds and unsubscribe links are signed.
    path("account/searches/", alerts_views.saved_search_create, name="saved-search-create"),
    path("account/searches/<int:pk>/", alerts_views.saved_search_change, name="saved-search-change"),
    path("account/searches/<int:pk>/open/", alerts_views.saved_search_open, name="saved-search-open"),
    path("alerts/unsubscribe/<str:token>/", alerts_views.unsubscribe, name="alerts-unsubscribe"),
    path("feeds/saved/<str:token>/", alerts_views.private_feed(alerts_views.SavedSearchFeed()), name="feed-saved"),
    path(
        "feeds/saved/<str:token>/atom/",
        alerts_views.private_feed(alerts_views.SavedSearchAtomFeed()),
        name="feed-saved-atom",
    ),
    path("opensearch.xml", opensearch.description, name="opensearch"),
    path("suggest/", opensearch.suggest, name="suggest"),
    path("help/", views.help_page, name="help"),
    path("advanced/", views.advanced_search, name="advanced"),
]
