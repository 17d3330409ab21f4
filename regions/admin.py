from django.contrib import admin

from .models import Country, JetroOffice, OfficeTerritory, PartnerRegion, Prefecture, Sector


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "block"]
    list_filter = ["block"]
    search_fields = ["name_ja", "name_en", "code"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name_ja", "name_en"]
    search_fields = ["name_ja", "name_en", "iso2"]


@admin.register(PartnerRegion)
class PartnerRegionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "country", "kind", "is_confirmed"]
    list_filter = ["kind", "is_confirmed", "country"]
    search_fields = ["name_ja", "name_en"]
    list_select_related = ["country"]


class OfficeTerritoryInline(admin.TabularInline):
    model = OfficeTerritory
    extra = 1


@admin.register(JetroOffice)
class JetroOfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name_ja", "name_en", "code"]
    inlines = [OfficeTerritoryInline]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ja", "name_en", "parent", "is_focus", "position"]
    list_filter = ["is_focus"]
    search_fields = ["name_ja", "name_en", "code"]
