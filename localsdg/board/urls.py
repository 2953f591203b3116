"""Public routes of the SDGs Board at /<lang>/board/; localsdg/urls.py mounts them."""

from django.urls import path

from localsdg.board import views

app_name = "board"

urlpatterns = [
    path("", views.board, name="board"),
    path("initiatives.csv", views.board_csv_file, name="csv"),
    path("initiatives.xlsx", views.board_xlsx_file, name="xlsx"),
    path("index.json", views.board_index_json, name="index-json"),
]
