from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front_page"),
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("sections/<slug:slug>/", views.SectionArticleListView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorArticleListView.as_view(), name="author"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
]
