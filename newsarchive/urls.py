from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.opensearch import robots
from articles.sitemaps import SITEMAPS
from articles.views import favicon

urlpatterns = [
    path("admin/", admin.site.urls),
    # Readers of a private archive sign in here (the admin's login only admits staff).
    path("accounts/login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("robots.txt", robots, name="robots"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the icon.
    path("favicon.ico", favicon, name="favicon"),
    # The sitemap itself (Django paginates it with ?p=), and an index of its pages for large archives.
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-index.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("", include("articles.urls")),
]
