from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "News archive"

    def ready(self) -> None:
        from articles.search import check_engine_setting

        # An unknown NEWSARCHIVE_SEARCH_BACKEND stops every process at start-up, with what to set instead.
        check_engine_setting()
